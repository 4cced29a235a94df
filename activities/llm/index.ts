/**
 * LLM activities for the worker (`activities: { ...llmActivities }`). generateStructured is a library function for
 * other activities, not an activity: its zod schema cannot travel through Temporal.
 */
export { generateStrategySpec, type StrategySpecRequest, type StrategySpecResult } from './strategy';
