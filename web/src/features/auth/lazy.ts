import { lazy } from "react";

export const LoginPage = lazy(() => import("./LoginPage"));
export const ForgotPasswordPage = lazy(() => import("./PasswordResetPages").then((m) => ({ default: m.ForgotPasswordPage })));
export const ResetPasswordPage = lazy(() => import("./PasswordResetPages").then((m) => ({ default: m.ResetPasswordPage })));
