import type { CallProblem } from '../protocol/errorMessages';

interface ProblemMessageProps {
  readonly problem: CallProblem | null;
  readonly notice: string | null;
}

/** Errors as an alert (read out at once); notices politely. */
export function ProblemMessage({ problem, notice }: ProblemMessageProps) {
  return (
    <>
      <div role="alert" className={problem ? 'problem' : 'visually-hidden'} data-testid="call-error" data-code={problem?.code ?? ''}>
        {problem && (
          <>
            <strong className="problem__title">{problem.title}</strong>
            {problem.detail && <span className="problem__detail">{problem.detail}</span>}
          </>
        )}
      </div>
      <p aria-live="polite" className={notice ? 'notice' : 'visually-hidden'} data-testid="call-notice">
        {notice}
      </p>
    </>
  );
}
