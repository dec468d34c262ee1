/** Taint analysis entry point (being implemented; see issue 3). */
import type { FileModel } from "../model/file-model.js";
import type { TaintRule } from "../rule.js";
import type { Notification, RawFinding } from "../types.js";

export interface TaintOptions {
  includeLocalSources: boolean;
}

export class TaintProject {
  constructor(
    readonly rules: readonly TaintRule[],
    readonly options: TaintOptions,
  ) {}

  /** Phase 1: sees every file once. */
  addFile(_model: FileModel): void {}

  /** Phase 2: findings per file path; `load` re-parses a file when the analysis needs it again. */
  analyze(_load: (path: string) => FileModel | null): { findings: Map<string, RawFinding[]>; notifications: Notification[] } {
    return { findings: new Map(), notifications: [] };
  }
}
