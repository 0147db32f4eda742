// Moderation services (flags, review queue, actions, suspensions, audit log), reached as services.moderation.*.
// Every action asks the guardian first: what the actor may not see, or may see but not moderate, is NOT_FOUND.
export { flagPost, getFlagForm, listFlags, dismissFlag, type FlagDto, type FlagPage, type FlagFormDto } from "./flags.service";
export { hidePost, unhidePost, deletePost, restorePost } from "./post-actions.service";
export {
  lockThread,
  unlockThread,
  pinThread,
  unpinThread,
  closeThread,
  reopenThread,
  moveThread,
  listMoveTargets,
  listMoveGroupTargets,
  type MoveTargetDto,
} from "./thread-actions.service";
export { suspendMember, silenceMember, liftSuspension, liftSilence } from "./restrictions.service";
export { listAuditLog, type AuditEntryDto, type AuditLogPage } from "./audit.service";
