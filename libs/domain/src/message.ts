/**
 * The shape of the domain's messages: a command (imperative: what people and the policy engine
 * ask of an account) or an event (past tense: what happened to it), each a type tag and its data.
 * Every procedure step under `steps/` declares its own with these; `commands.ts` and `events.ts`
 * assemble the unions.
 */
export type Command<Type extends string, Data> = { type: Type; data: Data };
export type Event<Type extends string, Data> = { type: Type; data: Data };
