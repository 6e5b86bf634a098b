import { BrowserRouter, Navigate, Route, Routes } from 'react-router'
import { Toaster } from 'sonner'
import type { ResolvedAppConfig } from './app-config.ts'
import { AppServicesProvider } from './app-services.tsx'
import type { AppAuthClient } from './auth-client.ts'
import { AppHeader } from './components/app-header.tsx'
import { NotFoundPage } from './pages/not-found-page.tsx'
import { SignInPage } from './pages/sign-in-page.tsx'
import { SignUpPage } from './pages/sign-up-page.tsx'
import { TaskDetailPage } from './pages/task-detail-page.tsx'
import { TasksPage } from './pages/tasks-page.tsx'
import { UserTasksPage } from './pages/user-tasks-page.tsx'
import { RequireSession } from './require-session.tsx'

/** The whole app: routes, header and toasts over one auth client and one API client. */
export function App(props: { authClient: AppAuthClient; config: ResolvedAppConfig }) {
  return (
    <BrowserRouter>
      <AppServicesProvider authClient={props.authClient} config={props.config}>
        <AppHeader />
        <Routes>
          <Route path="/" element={<Navigate to="/tasks" replace />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/sign-up" element={<SignUpPage />} />
          <Route element={<RequireSession />}>
            <Route path="/tasks" element={<TasksPage />} />
            <Route path="/tasks/:taskId" element={<TaskDetailPage />} />
            <Route path="/users/:userId/tasks" element={<UserTasksPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
        {/* Bottom: a toast at the top would sit over the header's "Sign out" button. */}
        <Toaster position="bottom-right" richColors closeButton />
      </AppServicesProvider>
    </BrowserRouter>
  )
}
