import { statusLabel, type CallPhase } from '../call/callReducer';

interface CallStatusProps {
  readonly phase: CallPhase;
  readonly hint: string | null;
}

/** The status word and whose turn it is; announced politely to screen readers. */
export function CallStatus({ phase, hint }: CallStatusProps) {
  return (
    <div className="call-status" role="status" aria-live="polite" aria-atomic="true">
      <span className={`status-pill status-pill--${phase}`} data-testid="call-status" data-status={phase}>
        <span className="status-pill__dot" aria-hidden="true" />
        <span className="visually-hidden">Status: </span>
        {statusLabel(phase)}
      </span>
      {hint !== null && (
        <span className="turn-hint" data-testid="turn-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
