// The testing renderer's waitFor re-checks only when the tree re-renders; a mock call or a state
// set to the value it already had never triggers one. This polls instead.

/** Resolves once `check` stops throwing; rejects with its last error after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
