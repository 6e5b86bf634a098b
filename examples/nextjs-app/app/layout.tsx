import type { ReactNode } from 'react'
import { AppHeader } from '@/components/app-header'
import { Providers } from '@/lib/services'
import './globals.css'

export const metadata = { title: 'Evo-TODO' }

/** System fonts only: no next/font/google, so neither build nor page fetches anything from Google. */
export default function RootLayout(props: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppHeader />
          {props.children}
        </Providers>
      </body>
    </html>
  )
}
