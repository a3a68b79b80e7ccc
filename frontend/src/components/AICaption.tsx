interface AICaptionProps {
  /** The AI's words so far (grows while it speaks). */
  readonly text: string;
  /** The AI's last complete reply, announced once to screen readers. */
  readonly announce: string;
}

/** The AI's latest words, large (the seed's AICaption). */
export function AICaption({ text, announce }: AICaptionProps) {
  return (
    <section className="card caption" aria-labelledby="caption-title">
      <h2 id="caption-title" className="card__title">
        Assistant
      </h2>
      <p className="caption__text" data-testid="ai-caption">
        {text || <span className="muted">The assistant&apos;s words appear here.</span>}
      </p>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announce}
      </p>
    </section>
  );
}
