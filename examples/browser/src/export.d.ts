export interface DemoSpec {
  model: 'ishigami' | 'gfunction' | 'expression'; params: Record<string, unknown>;
  dists: Array<{ dist: 'uniform'; low: number; high: number } | { dist: 'normal'; mean: number; std: number }>;
  method: 'saltelli' | 'pce'; n: number; seed: number; resamples?: number; confidence?: number; degree?: number; convergence?: boolean;
}
export function nodeSnippet(spec: DemoSpec): string;
