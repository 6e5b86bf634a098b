import { Link } from 'react-router'

/** Any path the app does not know. */
export function NotFoundPage() {
  return (
    <main>
      <h1>Page not found</h1>
      <p>
        <Link to="/tasks">Back to tasks</Link>
      </p>
    </main>
  )
}
