// Every workflow type the workers register; the workflow bundle is built from this file.
export { importKlines } from './import-klines';
