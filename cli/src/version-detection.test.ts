import { describe, expect, it } from 'vitest';
import type { GitRunner } from './io.ts';
import { detectBranch, detectBuildUrl, detectVersion } from './version-detection.ts';

const noGit: GitRunner = () => undefined;
const git =
  (answers: Record<string, string>): GitRunner =>
  (args) =>
    answers[args.join(' ')];

describe('detectVersion / detectBranch: CI variables first, then git', () => {
  it.each([
    [
      'GitHub Actions push',
      { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc123', GITHUB_REF_NAME: 'main' },
      'abc123',
      'GITHUB_SHA (GitHub Actions)',
      'main',
      'GITHUB_REF_NAME (GitHub Actions)',
    ],
    [
      'GitHub Actions pull request (head branch, not the merge ref)',
      { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc123', GITHUB_HEAD_REF: 'feat/x', GITHUB_REF_NAME: '12/merge' },
      'abc123',
      'GITHUB_SHA (GitHub Actions)',
      'feat/x',
      'GITHUB_HEAD_REF (GitHub Actions)',
    ],
    [
      'GitLab CI',
      { GITLAB_CI: 'true', CI_COMMIT_SHA: 'def', CI_COMMIT_REF_NAME: 'develop' },
      'def',
      'CI_COMMIT_SHA (GitLab CI)',
      'develop',
      'CI_COMMIT_REF_NAME (GitLab CI)',
    ],
    [
      'GitLab merge request',
      {
        GITLAB_CI: 'true',
        CI_COMMIT_SHA: 'def',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feat/y',
        CI_COMMIT_REF_NAME: 'refs/merge-requests/1/head',
      },
      'def',
      'CI_COMMIT_SHA (GitLab CI)',
      'feat/y',
      'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME (GitLab CI)',
    ],
    [
      'CircleCI',
      { CIRCLECI: 'true', CIRCLE_SHA1: 'c1', CIRCLE_BRANCH: 'main' },
      'c1',
      'CIRCLE_SHA1 (CircleCI)',
      'main',
      'CIRCLE_BRANCH (CircleCI)',
    ],
    [
      'Buildkite',
      { BUILDKITE: 'true', BUILDKITE_COMMIT: 'b1', BUILDKITE_BRANCH: 'main' },
      'b1',
      'BUILDKITE_COMMIT (Buildkite)',
      'main',
      'BUILDKITE_BRANCH (Buildkite)',
    ],
    [
      'Bitbucket Pipelines',
      { BITBUCKET_BUILD_NUMBER: '7', BITBUCKET_COMMIT: 'bb', BITBUCKET_BRANCH: 'main' },
      'bb',
      'BITBUCKET_COMMIT (Bitbucket Pipelines)',
      'main',
      'BITBUCKET_BRANCH (Bitbucket Pipelines)',
    ],
    [
      'Travis pull request',
      {
        TRAVIS: 'true',
        TRAVIS_COMMIT: 'merge',
        TRAVIS_PULL_REQUEST_SHA: 'head',
        TRAVIS_BRANCH: 'main',
        TRAVIS_PULL_REQUEST_BRANCH: 'feat',
      },
      'head',
      'TRAVIS_PULL_REQUEST_SHA (Travis CI)',
      'feat',
      'TRAVIS_PULL_REQUEST_BRANCH (Travis CI)',
    ],
    [
      'Travis push (empty PR variables are ignored)',
      { TRAVIS: 'true', TRAVIS_COMMIT: 't1', TRAVIS_PULL_REQUEST_SHA: '', TRAVIS_BRANCH: 'main', TRAVIS_PULL_REQUEST_BRANCH: '' },
      't1',
      'TRAVIS_COMMIT (Travis CI)',
      'main',
      'TRAVIS_BRANCH (Travis CI)',
    ],
    [
      'Jenkins (origin/ stripped)',
      { JENKINS_URL: 'http://j', GIT_COMMIT: 'j1', GIT_BRANCH: 'origin/main' },
      'j1',
      'GIT_COMMIT (Jenkins)',
      'main',
      'GIT_BRANCH (Jenkins)',
    ],
    [
      'Jenkins variables without a CI marker',
      { GIT_COMMIT: 'j2', GIT_BRANCH: 'origin/release' },
      'j2',
      'GIT_COMMIT',
      'release',
      'GIT_BRANCH',
    ],
  ])('%s', (_name, env, version, versionSource, branch, branchSource) => {
    expect(detectVersion(env, noGit)).toEqual({ value: version, source: versionSource });
    expect(detectBranch(env, noGit)).toEqual({ value: branch, source: branchSource });
  });

  it('falls back to the git checkout, saying so', () => {
    const g = git({ 'rev-parse HEAD': 'f00dfeed', 'rev-parse --abbrev-ref HEAD': 'my-branch' });
    expect(detectVersion({}, g)).toEqual({ value: 'f00dfeed', source: 'git rev-parse HEAD' });
    expect(detectBranch({}, g)).toEqual({ value: 'my-branch', source: 'git rev-parse --abbrev-ref HEAD' });
  });

  it('reports no branch for a detached HEAD (git prints "HEAD")', () => {
    expect(detectBranch({}, git({ 'rev-parse --abbrev-ref HEAD': 'HEAD' }))).toBeUndefined();
  });

  it('detects nothing outside CI and git', () => {
    expect(detectVersion({}, noGit)).toBeUndefined();
    expect(detectBranch({}, noGit)).toBeUndefined();
  });
});

describe('detectBuildUrl', () => {
  it('builds the GitHub Actions run URL', () => {
    expect(
      detectBuildUrl({
        GITHUB_ACTIONS: 'true',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/orders',
        GITHUB_RUN_ID: '42',
      }),
    ).toEqual({
      value: 'https://github.com/acme/orders/actions/runs/42',
      source: 'GitHub Actions',
    });
  });

  it('uses CI_JOB_URL on GitLab and BUILD_URL elsewhere', () => {
    expect(detectBuildUrl({ GITLAB_CI: 'true', CI_JOB_URL: 'https://gitlab/job/1' })?.value).toBe('https://gitlab/job/1');
    expect(detectBuildUrl({ BUILD_URL: 'https://jenkins/job/1' })).toEqual({ value: 'https://jenkins/job/1', source: 'BUILD_URL' });
  });
});
