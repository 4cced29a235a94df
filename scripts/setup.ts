import { setup } from './lib/setup';

// `npm run setup`: install and build everything without starting anything.
const cli = await setup({ temporal: !process.env.TEMPORAL_ADDRESS, web: true, bundle: true });
console.log(`ready${cli ? ` (Temporal CLI: ${cli})` : ''}`);
