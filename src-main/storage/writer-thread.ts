// Entry of the writer thread: the only place in Premia that opens a database for writing.
// Started by WriterClient; the Electron build passes its compiled chunk of this file instead.
import { startWriterThread } from './writer-service';

startWriterThread();
