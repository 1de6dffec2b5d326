// Writing results to stdout in a pipeline: a reader that goes away (`| head`)
// must end the run quietly, not with an EPIPE stack trace.
export class Output {
  private closed = false;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      this.closed = true;
      for (const listener of this.listeners) listener();
    });
  }

  /** Calls `listener` once stdout's reader has gone. */
  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }
}
