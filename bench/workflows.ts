// The bench worker's workflows: the interpreter (as production registers it) beside its hand-written peer.
export * from '../workflows';
export { benchHandwritten, benchNoActivity } from './handwritten-workflow';
