// How the console shows the API's values.

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const minutes = Math.floor(total / 60);
  return minutes > 0 ? `${minutes} min ${total % 60} s` : `${total} s`;
}

/** The cursors of the pages seen so far, so Previous goes back without the API needing backward cursors. */
export class PageStack {
  private readonly cursors: (string | null)[] = [null];

  get current(): string | null {
    return this.cursors[this.cursors.length - 1] ?? null;
  }

  get pageNumber(): number {
    return this.cursors.length;
  }

  get hasPrevious(): boolean {
    return this.cursors.length > 1;
  }

  next(cursor: string): PageStack {
    const stack = this.copy();
    stack.cursors.push(cursor);
    return stack;
  }

  previous(): PageStack {
    const stack = this.copy();
    if (stack.cursors.length > 1) {
      stack.cursors.pop();
    }
    return stack;
  }

  private copy(): PageStack {
    const stack = new PageStack();
    stack.cursors.splice(0, 1, ...this.cursors);
    return stack;
  }
}
