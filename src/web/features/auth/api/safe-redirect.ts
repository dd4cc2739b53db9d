/**
 * Where to go after signing in. Only a path inside this app: never another site («//evil.example»,
 * «https://…») and never the sign-in page itself; anything else leads to the overview.
 */
export function toSafeRedirect(target: string | undefined): string {
  if (
    target?.startsWith('/') &&
    !target.startsWith('//') &&
    !target.startsWith('/\\') &&
    !target.startsWith('/login')
  ) {
    return target;
  }
  return '/';
}
