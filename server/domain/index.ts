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
import * as pairs from "./pairs";
import * as experts from "./experts";
import * as documents from "./documents";
import * as feeds from "./feeds/feeds.service";
import * as figures from "./figures/figures.service";
import * as webhooks from "./webhooks/webhooks.service";
import * as events from "./events";

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
  documents: {
    list: documents.listDocuments,
    get: documents.getDocument,
    upload: documents.uploadDocument,
    uploadVersion: documents.uploadVersion,
    remove: documents.deleteDocument,
    openDownload: documents.openDownload,
    listUploadPlaces: documents.listUploadPlaces,
    uploadLimits: documents.uploadLimits,
  },
  figures: {
    getFigures: figures.getFigures,
    getFigureCsv: figures.getFigureCsv,
    getHeadlineFigures: figures.getHeadlineFigures,
  },
  feeds: {
    getTopicFeed: feeds.getTopicFeed,
    getSolvedFeed: feeds.getSolvedFeed,
    getEventsFeed: feeds.getEventsFeed,
    getDocumentsFeed: feeds.getDocumentsFeed,
    getLandingSections: feeds.getLandingSections,
  },
  webhooks: {
    list: webhooks.listWebhooks,
    create: webhooks.createWebhook,
    setActive: webhooks.setWebhookActive,
    remove: webhooks.deleteWebhook,
    getLog: webhooks.getWebhookLog,
    retryDelivery: webhooks.retryDelivery,
  },
  pairs: {
    suggest: pairs.suggestPartners,
    sendRequest: pairs.sendPairRequest,
    respondToRequest: pairs.respondToPairRequest,
    cancelRequest: pairs.cancelPairRequest,
    myRequests: pairs.listMyPairRequests,
    mine: pairs.listMyPairs,
    get: pairs.getPair,
    end: pairs.endPair,
    inviteExpert: pairs.inviteExpert,
    removeExpert: pairs.removeExpert,
    directory: pairs.listPairDirectory,
    directoryFacets: pairs.pairDirectoryFacets,
  },
  experts: {
    list: experts.listExperts,
    groups: experts.listExpertGroups,
    profile: experts.getExpertProfile,
  },
  events: {
    list: events.listEvents,
    calendar: events.calendarMonth,
    mine: events.myEvents,
    get: events.getEvent,
    getEditable: events.getEditableEvent,
    places: events.listEventPlaces,
    create: events.createEvent,
    update: events.updateEvent,
    cancel: events.cancelEvent,
    register: events.registerForEvent,
    cancelRegistration: events.cancelRegistration,
    setRecording: events.setRecording,
    attachMaterial: events.attachMaterial,
    detachMaterial: events.detachMaterial,
    attachableDocuments: events.listAttachableDocuments,
    openFollowUp: events.openFollowUpThread,
    upcomingInTopic: events.upcomingInTopic,
    upcomingInGroup: events.upcomingInGroup,
    eventIcs: events.eventIcs,
    topicFeed: events.topicFeed,
    memberFeed: events.memberFeed,
  },
};

export type Services = typeof services;
