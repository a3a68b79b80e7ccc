interface CallButtonProps {
  readonly active: boolean;
  readonly onStart: () => void;
  readonly onEnd: () => void;
}

/** Start Call / End Call (the seed's CallButton). A native button, so Enter and Space work. */
export function CallButton({ active, onStart, onEnd }: CallButtonProps) {
  return active ? (
    <button type="button" className="call-button call-button--end" onClick={onEnd}>
      <span aria-hidden="true" className="call-button__icon">✕</span>
      End Call
    </button>
  ) : (
    <button type="button" className="call-button call-button--start" onClick={onStart}>
      <span aria-hidden="true" className="call-button__icon">☎</span>
      Start Call
    </button>
  );
}
