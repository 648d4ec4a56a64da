// The CLI's exit codes and error classes. Every error a user can meet has a stable code (printed as
// `E<code>`, safe to grep for in CI logs) and a message that names the fix. main.ts prints them in one
// place (report-error.ts); anything else that escapes is an unexpected error.

/** Process exit codes. Documented in every command's --help. */
export enum ExitCode {
  /** The command did what was asked (can-i-deploy: "Computer says yes"). */
  Success = 0,
  /** The answer is no: can-i-deploy says no, or what you named does not exist (version, environment, deployment). */
  Failure = 1,
  /** Invalid flags, files or configuration, found before anything was sent to the broker. */
  BadInput = 2,
  /** The broker refused the request (4xx/5xx), answered something unexpected, or lacks a feature. */
  BrokerError = 3,
  /** The broker could not be reached (connection refused, DNS, timeout, TLS). */
  Unreachable = 4,
}

/** Stable error codes: 1xx input, 2xx broker answers, 3xx network, 9xx bugs. */
export const ErrorCode = {
  missingOption: 100,
  invalidOption: 101,
  invalidConfigFile: 102,
  noPactFiles: 110,
  invalidPactFile: 111,
  pactMergeConflict: 112,
  invalidSchemaFile: 113,
  noSchemaFiles: 114,
  missingPackage: 120,
  brokerRejected: 200,
  brokerFeatureMissing: 201,
  unexpectedResponse: 202,
  notFound: 210,
  nothingToUpdate: 211,
  unreachable: 300,
  unexpected: 900,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export abstract class CliError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: ExitCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A required value is missing. `hint` says how to pass it. */
export class MissingOptionError extends CliError {
  readonly code = ErrorCode.missingOption;
  readonly exitCode = ExitCode.BadInput;
  constructor(option: string, hint: string) {
    super(`Missing ${option}. ${hint}`);
  }
}

export class InvalidOptionError extends CliError {
  readonly code = ErrorCode.invalidOption;
  readonly exitCode = ExitCode.BadInput;
}

export class InvalidConfigFileError extends CliError {
  readonly code = ErrorCode.invalidConfigFile;
  readonly exitCode = ExitCode.BadInput;
  constructor(path: string, problem: string) {
    super(`The config file ${path} is invalid: ${problem}. Fix it, or point --config / TREATY_CONFIG at another file.`);
  }
}

export class NoPactFilesError extends CliError {
  readonly code = ErrorCode.noPactFiles;
  readonly exitCode = ExitCode.BadInput;
}

export interface PactFileProblem {
  path: string;
  problem: string;
}

/** One or more files are not pacts. Lists every bad file, so one run shows them all. */
export class InvalidPactFileError extends CliError {
  readonly code = ErrorCode.invalidPactFile;
  readonly exitCode = ExitCode.BadInput;
  constructor(readonly problems: PactFileProblem[]) {
    const lines = problems.map((p) => `  ${p.path}: ${p.problem}`);
    super(
      `${problems.length === 1 ? 'This file is not a valid pact' : `These ${problems.length} files are not valid pacts`}:\n${lines.join('\n')}\n` +
        'A pact file is JSON with {"consumer":{"name":...},"provider":{"name":...}}. Fix or remove the file; nothing was published.',
    );
  }
}

export class PactMergeConflictError extends CliError {
  readonly code = ErrorCode.pactMergeConflict;
  readonly exitCode = ExitCode.BadInput;
}

/** A schema file (.proto, JSON Schema, OpenAPI, AsyncAPI) does not parse or is invalid; each problem names file:line:column. */
export class InvalidSchemaFileError extends CliError {
  readonly code = ErrorCode.invalidSchemaFile;
  readonly exitCode = ExitCode.BadInput;
}

/** A schema path does not exist or a folder holds no file of the kind. */
export class NoSchemaFilesError extends CliError {
  readonly code = ErrorCode.noSchemaFiles;
  readonly exitCode = ExitCode.BadInput;
}

/** The broker answered with an error status. The message is the problem's `title: detail`. */
export class BrokerRejectedError extends CliError {
  readonly code = ErrorCode.brokerRejected;
  readonly exitCode = ExitCode.BrokerError;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class BrokerFeatureMissingError extends CliError {
  readonly code = ErrorCode.brokerFeatureMissing;
  readonly exitCode = ExitCode.BrokerError;
}

export class UnexpectedResponseError extends CliError {
  readonly code = ErrorCode.unexpectedResponse;
  readonly exitCode = ExitCode.BrokerError;
}

/** What the user named (version, environment, pacticipant) does not exist on the broker. */
export class NotFoundError extends CliError {
  readonly code = ErrorCode.notFound;
  readonly exitCode = ExitCode.Failure;
}

/** Nothing matched the request (e.g. record-undeployment of a version that is not deployed). */
export class NothingToUpdateError extends CliError {
  readonly code = ErrorCode.nothingToUpdate;
  readonly exitCode = ExitCode.Failure;
}

export class BrokerUnreachableError extends CliError {
  readonly code = ErrorCode.unreachable;
  readonly exitCode = ExitCode.Unreachable;
  constructor(baseUrl: string, reason: string) {
    super(`Cannot reach the broker at ${baseUrl}: ${reason}. Is it running? Set --broker-base-url or TREATY_URL.`);
  }
}
