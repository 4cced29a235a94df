// `npm run dev`: like `npm start`, but the worker bundles workflow sources at start and Vite serves the web app with
// hot reload on :5173 (proxying /api to the API).
process.argv.push('--dev');
await import('./start');
export {};
