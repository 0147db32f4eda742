// Every service the web app and sockets may call, handed to Remix through the load context so the
// web bundle never holds a second copy of the server's modules.
import * as accountSettings from "./accounts/account-settings.service";
import * as passwordReset from "./accounts/password-reset.service";
import * as signIn from "./accounts/sign-in.service";
import * as signUp from "./accounts/sign-up.service";
import * as verifyEmail from "./accounts/verify-email.service";
import * as members from "./admin/members.service";
import * as community from "./community/community.service";
import * as accessTokens from "./accounts/access-tokens.service";
import * as activity from "./forum/activity.service";
import * as drafts from "./forum/drafts.service";
import * as posts from "./forum/posts.service";
import * as search from "./forum/search.service";
import * as threadPage from "./forum/thread-page.service";
import * as threads from "./forum/threads.service";
import * as topics from "./forum/topics.service";
import * as groups from "./groups";
import * as moderation from "./moderation";
import * as follows from "./notifications/follows.service";
import * as notifications from "./notifications/notifications.service";

export const services = {
  accounts: {
    signUp: signUp.signUp,
    verifyEmail: verifyEmail.verifyEmail,
    resendVerification: verifyEmail.resendVerification,
    signIn: signIn.signIn,
    signOut: signIn.signOut,
    requestPasswordReset: passwordReset.requestPasswordReset,
    checkPasswordResetToken: passwordReset.checkPasswordResetToken,
    resetPassword: passwordReset.resetPassword,
    ...accountSettings,
    createAccessToken: accessTokens.createAccessToken,
    listAccessTokens: accessTokens.listAccessTokens,
    revokeAccessToken: accessTokens.revokeAccessToken,
  },
  forum: {
    createThread: threads.createThread,
    editThread: threads.editThread,
    listThreads: threads.listThreads,
    getThreadPage: threadPage.getThreadPage,
    createReply: posts.createReply,
    editPost: posts.editPost,
    deletePost: posts.deletePost,
    getPostHistory: posts.getPostHistory,
    markSolution: posts.markSolution,
    unmarkSolution: posts.unmarkSolution,
    setHelpful: posts.setHelpful,
    markRead: posts.markRead,
    locatePost: posts.locatePost,
    getEditablePost: posts.getEditablePost,
    saveDraft: drafts.saveDraft,
    getDraft: drafts.getDraft,
    deleteDraft: drafts.deleteDraft,
    previewMarkdown: drafts.previewMarkdown,
    search: search.search,
    listMemberActivity: activity.listMemberActivity,
    countMemberActivity: activity.countMemberActivity,
  },
  notifications: {
    list: notifications.listNotifications,
    since: notifications.notificationsSince,
    countUnread: notifications.countUnreadNotifications,
    markRead: notifications.markNotificationRead,
    markAllRead: notifications.markAllNotificationsRead,
    getFollowState: follows.getFollowState,
    setFollowLevel: follows.setFollowLevel,
    listMyFollows: follows.listMyFollows,
    getEmailMode: follows.getEmailMode,
    setEmailMode: follows.setEmailMode,
    unsubscribeByToken: follows.unsubscribeByToken,
  },
  topics,
  groups,
  moderation,
  admin: members,
  community,
};

export type Services = typeof services;
