export interface StartRequirement {
  readonly tool: string;
  readonly range: string;
}
export declare const START_TOOLS: readonly string[];
export declare function installedRequirements(resolve?: (id: string) => string): StartRequirement[];
export declare function startRuntimeProblem(
  nodeVersion: string,
  requirements: readonly StartRequirement[],
): string[] | null;
