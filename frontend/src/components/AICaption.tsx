interface AICaptionProps {
  readonly text: string;
}

/** The AI's latest words, large (the seed's AICaption). */
export function AICaption({ text }: AICaptionProps) {
  return (
    <section className="card caption" aria-labelledby="caption-title">
      <h2 id="caption-title" className="card__title">
        Assistant
      </h2>
      <p className="caption__text" aria-live="polite" data-testid="ai-caption">
        {text || <span className="muted">The assistant&apos;s words appear here.</span>}
      </p>
    </section>
  );
}
