/** The engine's PolicyEngineConfig (from the api's configuration). */
export const POLICY_ENGINE_CONFIG = Symbol('PolicyEngineConfig');
