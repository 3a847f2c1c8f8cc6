import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The mock servers live under /mock/* on the app's own origin, so their pages
// (login, patient picker, consent, DigiD) are ordinary SPA routes: Vite's
// history fallback serves index.html for those navigations.
export default defineConfig({
  plugins: [react()],
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
  build: { target: 'es2022', sourcemap: false },
});
