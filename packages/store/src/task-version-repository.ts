import type { PrismaClient } from './client.ts';

export interface TaskVersionRecord {
  readonly task: string;
  readonly version: number;
  readonly hash: string;
  readonly file: string;
  readonly recordedAt: Date;
}

/** Which content each task version stands for; the first use of a version records it. */
export class TaskVersionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records `hash` for the version unless one is there already, and returns the record that holds
   * (the earlier one when the version was recorded before, whatever its hash).
   */
  async pin(entry: {
    readonly task: string;
    readonly version: number;
    readonly hash: string;
    readonly file: string;
  }): Promise<TaskVersionRecord> {
    await this.prisma.taskVersion.createMany({ data: [entry], skipDuplicates: true });
    return this.prisma.taskVersion.findUniqueOrThrow({ where: { task_version: { task: entry.task, version: entry.version } } });
  }

  list(): Promise<TaskVersionRecord[]> {
    return this.prisma.taskVersion.findMany({ orderBy: [{ task: 'asc' }, { version: 'asc' }] });
  }
}
