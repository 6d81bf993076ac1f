/** The port could not be bound: in use, not permitted, or an address this machine does not have. */
export class ListenError extends Error {
  constructor(
    readonly reason: 'in_use' | 'not_permitted' | 'no_such_address',
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const what =
      reason === 'in_use'
        ? 'is already in use'
        : reason === 'not_permitted'
          ? 'may not be bound by this user'
          : 'is not an address of this machine';
    super(`${where} ${what}`, { cause });
    this.name = 'ListenError';
  }
}
