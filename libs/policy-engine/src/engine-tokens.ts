/** The Nest injection token of the engine's state file (checkpoints and runs). */
export const ENGINE_STATE = Symbol('EngineState');

/** The engine's PolicyEngineConfig (from the api's configuration). */
export const POLICY_ENGINE_CONFIG = Symbol('PolicyEngineConfig');
