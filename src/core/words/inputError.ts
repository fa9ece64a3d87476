// The caller's input is wrong (an argument, a file it named, a key it gave): the shell shows the
// message as it is and exits 2, never with a stack trace. Core features throw it; the CLI's own
// argument errors are a kind of it.

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
