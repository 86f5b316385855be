import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './screens/AppShell';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <AppShell />
  </StrictMode>,
);
