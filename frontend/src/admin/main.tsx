import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminApp } from './AdminApp';
import '../styles.css';
import './admin.css';

const root = document.getElementById('root');
if (!root) {
  throw new Error('admin.html has no #root element');
}
createRoot(root).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
