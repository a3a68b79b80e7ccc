interface MicLevelMeterProps {
  /** RMS level 0..1. */
  readonly level: number;
  readonly active: boolean;
}

/** Maps RMS to a 0..100 scale that moves visibly for speech (speech RMS is mostly below 0.3). */
export function levelToPercent(level: number): number {
  if (level <= 0) {
    return 0;
  }
  // Decibels from -60 dBFS (0 %) to -10 dBFS (100 %).
  const db = 20 * Math.log10(level);
  return Math.round(Math.max(0, Math.min(1, (db + 60) / 50)) * 100);
}

/** Microphone level meter: a native-feeling meter with an accessible name and value. */
export function MicLevelMeter({ level, active }: MicLevelMeterProps) {
  const percent = active ? levelToPercent(level) : 0;
  return (
    <div className="mic-meter">
      <span id="mic-meter-label" className="mic-meter__label">
        Microphone {active ? '' : '(off)'}
      </span>
      <div
        className="mic-meter__track"
        role="meter"
        aria-labelledby="mic-meter-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={active ? `${percent}%` : 'off'}
        data-testid="mic-meter"
      >
        <div className="mic-meter__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
