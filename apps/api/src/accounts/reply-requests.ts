import { IsOptional } from 'class-validator';
import { ClosedBody } from '../openapi/component-schemas';
import { CustomerPath } from './requests';
import { IsEntityId, IsText } from './validation';

/** A customer's reply or fresh-link request, as its path names it. */
export class ReplyPath extends CustomerPath {
  @IsEntityId() replyId!: string;
}

@ClosedBody()
export class HandleReplyBody {
  /** What was done about it (answered by phone, promise taken…), for whoever reads the queue later. */
  @IsOptional() @IsText() note?: string;
}
