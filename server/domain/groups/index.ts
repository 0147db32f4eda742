// Group services: groups, memberships, invitations, join requests and bans.
export { createGroup, getGroup, listGroups, loadVisibleGroup, updateGroup } from "./groups.service";
export {
  changeMemberRole,
  decideJoinRequest,
  getGroupAdminView,
  inviteToGroup,
  joinGroup,
  leaveGroup,
  listGroupMembers,
  myGroupInvitations,
  removeMember,
  requestToJoin,
  respondToInvitation,
  revokeGroupInvitation,
  transferOwnership,
} from "./membership.service";
