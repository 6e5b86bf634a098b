import Link from 'next/link'

/** Any path the app does not know. */
export default function NotFound() {
  return (
    <main>
      <h1>Page not found</h1>
      <p>
        <Link href="/tasks">Back to tasks</Link>
      </p>
    </main>
  )
}
