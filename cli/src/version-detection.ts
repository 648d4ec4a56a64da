// Finds the version (commit SHA), branch and build URL for `publish` when they are not passed as flags:
// first from the CI system's environment variables, then from the git checkout. Every value carries
// the place it came from, so the CLI can say so.
import type { Env, GitRunner } from './io.ts';

export interface Detected {
  value: string;
  /** e.g. `GITHUB_SHA (GitHub Actions)` or `git rev-parse HEAD`. */
  source: string;
}

interface CiSystem {
  name: string;
  /** Present when running on this CI. */
  marker: string;
  commit: string[];
  branch: string[];
  buildUrl: (env: Env) => string | undefined;
}

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

// Order matters: the first CI whose marker is set wins; within a CI, the first non-empty variable.
// Pull-request variables come first because on a PR the "branch" variables name the merge target or a merge ref.
const ciSystems: CiSystem[] = [
  {
    name: 'GitHub Actions',
    marker: 'GITHUB_ACTIONS',
    commit: ['GITHUB_SHA'],
    branch: ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME'],
    buildUrl: (env) => {
      const [server, repo, run] = [value(env, 'GITHUB_SERVER_URL'), value(env, 'GITHUB_REPOSITORY'), value(env, 'GITHUB_RUN_ID')];
      return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
    },
  },
  {
    name: 'GitLab CI',
    marker: 'GITLAB_CI',
    commit: ['CI_COMMIT_SHA'],
    branch: ['CI_MERGE_REQUEST_SOURCE_BRANCH_NAME', 'CI_COMMIT_BRANCH', 'CI_COMMIT_REF_NAME'],
    buildUrl: (env) => value(env, 'CI_JOB_URL'),
  },
  {
    name: 'CircleCI',
    marker: 'CIRCLECI',
    commit: ['CIRCLE_SHA1'],
    branch: ['CIRCLE_BRANCH'],
    buildUrl: (env) => value(env, 'CIRCLE_BUILD_URL'),
  },
  {
    name: 'Buildkite',
    marker: 'BUILDKITE',
    commit: ['BUILDKITE_COMMIT'],
    branch: ['BUILDKITE_BRANCH'],
    buildUrl: (env) => value(env, 'BUILDKITE_BUILD_URL'),
  },
  {
    name: 'Bitbucket Pipelines',
    marker: 'BITBUCKET_BUILD_NUMBER',
    commit: ['BITBUCKET_COMMIT'],
    branch: ['BITBUCKET_BRANCH'],
    buildUrl: () => undefined,
  },
  {
    name: 'Travis CI',
    marker: 'TRAVIS',
    commit: ['TRAVIS_PULL_REQUEST_SHA', 'TRAVIS_COMMIT'],
    branch: ['TRAVIS_PULL_REQUEST_BRANCH', 'TRAVIS_BRANCH'],
    buildUrl: (env) => value(env, 'TRAVIS_BUILD_WEB_URL'),
  },
  { name: 'AppVeyor', marker: 'APPVEYOR', commit: ['APPVEYOR_REPO_COMMIT'], branch: ['APPVEYOR_REPO_BRANCH'], buildUrl: () => undefined },
  {
    name: 'Azure Pipelines',
    marker: 'TF_BUILD',
    commit: ['BUILD_SOURCEVERSION'],
    branch: ['SYSTEM_PULLREQUEST_SOURCEBRANCH', 'BUILD_SOURCEBRANCHNAME'],
    buildUrl: () => undefined,
  },
  // Jenkins has no single marker we can rely on across plugins; JENKINS_URL is set by the controller.
  {
    name: 'Jenkins',
    marker: 'JENKINS_URL',
    commit: ['GIT_COMMIT'],
    branch: ['GIT_LOCAL_BRANCH', 'GIT_BRANCH', 'BRANCH_NAME'],
    buildUrl: (env) => value(env, 'BUILD_URL'),
  },
];

/** Variables consulted without a CI marker (e.g. Jenkins jobs that export GIT_COMMIT, or a hand-set env). */
const fallbackCommitVars = [
  'GITHUB_SHA',
  'CI_COMMIT_SHA',
  'CIRCLE_SHA1',
  'BUILDKITE_COMMIT',
  'BITBUCKET_COMMIT',
  'TRAVIS_COMMIT',
  'GIT_COMMIT',
  'APPVEYOR_REPO_COMMIT',
];
const fallbackBranchVars = [
  'GITHUB_HEAD_REF',
  'GITHUB_REF_NAME',
  'CI_COMMIT_REF_NAME',
  'CIRCLE_BRANCH',
  'BUILDKITE_BRANCH',
  'BITBUCKET_BRANCH',
  'TRAVIS_BRANCH',
  'GIT_LOCAL_BRANCH',
  'GIT_BRANCH',
  'APPVEYOR_REPO_BRANCH',
];

function fromVars(env: Env, names: string[], ci: string | undefined): Detected | undefined {
  for (const name of names) {
    const v = value(env, name);
    if (v !== undefined) return { value: v, source: ci ? `${name} (${ci})` : name };
  }
  return undefined;
}

function currentCi(env: Env): CiSystem | undefined {
  return ciSystems.find((ci) => value(env, ci.marker) !== undefined);
}

/** Jenkins reports `origin/main`; strip the remote name. */
function cleanBranch(detected: Detected | undefined): Detected | undefined {
  if (!detected) return undefined;
  const cleaned = detected.value.replace(/^refs\/heads\//, '').replace(/^origin\//, '');
  return { ...detected, value: cleaned };
}

export function detectVersion(env: Env, git: GitRunner): Detected | undefined {
  const ci = currentCi(env);
  const fromEnv = (ci && fromVars(env, ci.commit, ci.name)) ?? fromVars(env, fallbackCommitVars, undefined);
  if (fromEnv) return fromEnv;
  const sha = git(['rev-parse', 'HEAD']);
  return sha ? { value: sha, source: 'git rev-parse HEAD' } : undefined;
}

export function detectBranch(env: Env, git: GitRunner): Detected | undefined {
  const ci = currentCi(env);
  const fromEnv = (ci && fromVars(env, ci.branch, ci.name)) ?? fromVars(env, fallbackBranchVars, undefined);
  if (fromEnv) return cleanBranch(fromEnv);
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  // "HEAD" means a detached checkout: there is no branch to report.
  return branch && branch !== 'HEAD' ? { value: branch, source: 'git rev-parse --abbrev-ref HEAD' } : undefined;
}

export function detectBuildUrl(env: Env): Detected | undefined {
  const ci = currentCi(env);
  const url = ci?.buildUrl(env);
  if (ci && url) return { value: url, source: ci.name };
  const generic = value(env, 'BUILD_URL');
  return generic ? { value: generic, source: 'BUILD_URL' } : undefined;
}
