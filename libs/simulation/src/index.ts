export { DEFAULT_SIMULATION_CURRENCY, DEFAULT_SIMULATION_START, SimulatedBook, customerIdOf } from './book';
export type {
  ResolvedSimulationOptions,
  ScheduledInvoice,
  SimulatedCommand,
  SimulatedCustomer,
  SimulationActor,
  SimulationOptions,
} from './book';
export * from './profiles';
export { Draws } from './random';
export type { DrawKey } from './random';
