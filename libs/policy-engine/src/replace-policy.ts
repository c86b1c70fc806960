import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '@collections/accounts';
import { CollectionPolicies, RecordedPolicyVersion, ReplaceCollectionPolicy } from '@collections/policy';

/** Replace a collection policy (or record its first version), as `actor`: the policy's command on the CommandBus. */
export class ReplacePolicy extends Command<RecordedPolicyVersion> {
  constructor(
    readonly name: string,
    readonly command: ReplaceCollectionPolicy,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Thin: the policy decider decides, CollectionPolicies appends at the revision it read. */
@CommandHandler(ReplacePolicy)
export class ReplacePolicyHandler implements ICommandHandler<ReplacePolicy> {
  constructor(private readonly policies: CollectionPolicies) {}

  execute({ name, command, actor }: ReplacePolicy): Promise<RecordedPolicyVersion> {
    return this.policies.replace(command, actor, name);
  }
}
