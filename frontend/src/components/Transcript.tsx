import { useEffect, useRef } from 'react';
import type { TranscriptEntry } from '../call/callReducer';

interface TranscriptProps {
  readonly entries: readonly TranscriptEntry[];
}

/**
 * Both sides of the conversation as they are transcribed. A log a screen reader can browse; it is
 * not announced live, because the caption already announces each finished reply.
 */
export function Transcript({ entries }: TranscriptProps) {
  const list = useRef<HTMLOListElement | null>(null);
  // Follow the conversation inside the list only; the page itself never jumps.
  useEffect(() => {
    if (list.current) {
      list.current.scrollTop = list.current.scrollHeight;
    }
  }, [entries]);

  return (
    <section className="card transcript" aria-labelledby="transcript-title">
      <h2 id="transcript-title" className="card__title">
        Transcript
      </h2>
      {entries.length === 0 ? (
        <p className="muted">What you and the assistant say will be written here.</p>
      ) : (
        <ol ref={list} className="transcript__list" role="log" aria-live="off" aria-labelledby="transcript-title" data-testid="transcript" tabIndex={0}>
          {entries.map((entry) => (
            <li
              key={entry.key}
              className={`transcript__entry transcript__entry--${entry.role}`}
              data-role={entry.role}
            >
              <span className="transcript__who">{entry.role === 'user' ? 'You' : 'Assistant'}</span>
              <span className="transcript__text">
                {entry.text || <span className="muted" aria-label="speaking">…</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
