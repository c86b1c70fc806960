/** The engine's PolicyEngineConfig (from the api's configuration). */
export const POLICY_ENGINE_CONFIG = Symbol('PolicyEngineConfig');

/** Whether this process runs the engine live (its sagas, letters and schedule). */
export const ENGINE_HOSTED = Symbol('PolicyEngineHosted');
