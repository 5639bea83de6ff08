// Installs the English table for WalletError's message, as the background's entry does.
import '../../src/shared/english';
