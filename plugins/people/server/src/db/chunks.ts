/** Distinct integer ids in slices of 500: one IN list stays well below every database's parameter limit. */
export function idChunks(ids: readonly number[], size = 500): number[][] {
  const distinct = [...new Set(ids)].filter((id) => Number.isInteger(id));
  const chunks: number[][] = [];
  for (let i = 0; i < distinct.length; i += size) chunks.push(distinct.slice(i, i + size));
  return chunks;
}
