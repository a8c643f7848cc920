import type { BenchEntry } from './lib';
export async function workerMemory(_opts: { openCases: number; concurrency: number }): Promise<BenchEntry[]> {
  return [];
}
