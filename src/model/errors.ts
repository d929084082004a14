/** Thrown when a model directory cannot be used; `problems` says exactly what is wrong, one item each. */
export class ModelLoadError extends Error {
  readonly problems: string[];

  constructor(dir: string, problems: string[]) {
    super(`cannot load model from ${dir}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ModelLoadError';
    this.problems = problems;
  }
}
