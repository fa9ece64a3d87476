// Ordered shutdown of everything a launcher run started, on success, failure, timeout or signal.

export class Cleanup {
  private readonly steps: { name: string; run: () => unknown }[] = [];
  private readonly urgent: (() => void)[] = [];
  private running: Promise<void> | undefined;

  /** Steps run in reverse order of registration; a failing step does not stop the others. */
  add(name: string, run: () => unknown): void {
    this.steps.push({ name, run });
  }

  /** Synchronous kills for process 'exit', in case the launcher dies before run() finishes. */
  addUrgent(kill: () => void): void {
    this.urgent.push(kill);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (err) {
          process.stderr.write(`[offline-host] cleanup step "${step.name}" failed: ${String(err)}\n`);
        }
      }
    })();
    return this.running;
  }

  runUrgent(): void {
    for (const kill of this.urgent) kill();
  }
}
