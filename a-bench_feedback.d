bench_feedback.o: bench/bench_feedback.c bench/bench.h \
 src/domain/docking.h src/core/arena.h src/domain/catalog.h \
 src/core/err.h src/model/catalog.h src/model/names.h src/model/broker.h \
 src/store/store.h src/model/account.h src/model/booking.h \
 src/model/contract.h src/model/instrument.h src/model/org.h \
 src/model/revision.h src/store/store_ops.h
bench/bench.h:
src/domain/docking.h:
src/core/arena.h:
src/domain/catalog.h:
src/core/err.h:
src/model/catalog.h:
src/model/names.h:
src/model/broker.h:
src/store/store.h:
src/model/account.h:
src/model/booking.h:
src/model/contract.h:
src/model/instrument.h:
src/model/org.h:
src/model/revision.h:
src/store/store_ops.h:
