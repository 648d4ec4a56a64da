// @treaty/verifiers/protobuf: Buf-compatible breaking-change detection between two sets of .proto files.
export {
  compareProtobuf,
  isUnstablePackage,
  type BreakingFinding,
  type CompareProtobufOptions,
  type ProtobufCompatibility,
} from './compare-protobuf.ts';
export {
  BREAKING_CATEGORIES,
  BREAKING_RULES,
  DEPRECATED_RULES,
  selectRules,
  type BreakingCategory,
  type BreakingRuleId,
} from './breaking-rules.ts';
export { loadProtoFiles, type ProtoSources } from './proto-loader.ts';
export { parseBufConfig, type BufConfig } from './buf-config.ts';
export { readProtoFolder, type ProtoFolder } from './proto-folder.ts';
export type * from './proto-model.ts';
