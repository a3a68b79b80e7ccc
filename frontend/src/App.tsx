import { AICaption } from './components/AICaption';
import { CallButton } from './components/CallButton';
import { CallStatus } from './components/CallStatus';
import { ContactForm } from './components/ContactForm';
import { MicLevelMeter } from './components/MicLevelMeter';
import { ProblemMessage } from './components/ProblemMessage';
import { Transcript } from './components/Transcript';
import { isCallActive, turnHint } from './call/callReducer';
import { useCall } from './hooks/useCall';

export function App() {
  const { state, level, startCall, endCall, editField } = useCall();
  const active = isCallActive(state.phase);

  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">VoiceContacts</h1>
        <p className="app__subtitle">Call the assistant and tell it your name, email and phone number, or type them.</p>
      </header>

      <main className="app__main">
        <section className="card call-panel" aria-label="Call controls">
          <CallButton active={active} onStart={startCall} onEnd={endCall} />
          <CallStatus phase={state.phase} hint={turnHint(state)} />
          <MicLevelMeter level={level} active={state.microphoneOn} />
          <ProblemMessage problem={state.problem} notice={state.notice} />
        </section>

        <AICaption text={state.caption} announce={state.finalCaption} />
        <ContactForm fields={state.fields} event={state.contactEvent} changed={state.changedFields} active={active} onEdit={editField} />
        <Transcript entries={state.transcript} />
      </main>

      <footer className="app__footer">
        Your voice is sent to the AI only while a call is active. End the call at any time.
      </footer>
    </div>
  );
}
