// Every service the web app and sockets may call, handed to Remix through the load context so the
// web bundle never holds a second copy of the server's modules.
import * as accountSettings from "./accounts/account-settings.service";
import * as passwordReset from "./accounts/password-reset.service";
import * as signIn from "./accounts/sign-in.service";
import * as signUp from "./accounts/sign-up.service";
import * as verifyEmail from "./accounts/verify-email.service";
import * as members from "./admin/members.service";
import * as community from "./community/community.service";

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
  },
  admin: members,
  community,
};

export type Services = typeof services;
