// Matrix answers through the answer cache (store/answer-cache.ts, issue #14): /matrix, /can-i-deploy, its
// badges and GraphQL's canIDeploy share one cached answer per query, valid while the answer generation is
// unchanged (every write that could change an answer bumps it).
import { queryMatrix, type MatrixResult } from '../../domain/matrix/query-matrix.ts';
import type { MatrixQuery } from '../../domain/matrix/selectors.ts';
import { answerCacheOf, type AnswerView } from '../answer-cache.ts';
import type { Db } from '../db.ts';
import { createMatrixReader } from './reader.ts';

/** The cache key of a query: parsing is deterministic, so equal queries give equal JSON. */
export const matrixQueryKey = (query: MatrixQuery): string => JSON.stringify(query);

/**
 * queryMatrix's answer, cached. The cached decision keeps its verdict, counts and reasons but not every row it
 * was decided from (consideredRows/ignoredRows are emptied; `rows` holds the listed ones): a whole-integration
 * matrix decides from thousands of rows, and no caller of this function reads them.
 */
export async function queryMatrixCached(db: Db, query: MatrixQuery, view?: AnswerView, key = matrixQueryKey(query)): Promise<MatrixResult> {
  const answers = view ?? (await answerCacheOf(db).view());
  return answers.get(
    `matrix:${key}`,
    async (): Promise<MatrixResult> => {
      const result = await queryMatrix(createMatrixReader(db), query);
      return result.ok ? { ...result, decision: { ...result.decision, consideredRows: [], ignoredRows: [] } } : result;
    },
    (result) => 2_000 + (result.ok ? result.rows.length * 600 : 0),
  );
}
