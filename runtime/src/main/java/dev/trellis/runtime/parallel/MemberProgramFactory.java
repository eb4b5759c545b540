package dev.trellis.runtime.parallel;

import java.io.Serializable;
import java.util.List;

/**
 * Builds a program over the data of some members of its outermost plate: what a cluster's executors run to hold
 * their partition of the members (e.g. {@code sequences -> new HmmProgram(new Hmm(16, 51), sequences)}). It is
 * shipped to the executors, so it must be serializable (a lambda cast to this type is, when what it captures is).
 *
 * <p>Implementations must be thread-safe: an executor may build the programs of several partitions at once.
 *
 * @param <T> the data of one member, e.g. one sequence's {@code double[][]}
 */
@FunctionalInterface
public interface MemberProgramFactory<T> extends Serializable {

    /**
     * {@return a program whose members are {@code members}, in order: member {@code i} of the program is
     * {@code members.get(i)}}
     */
    MemberProgram create(List<T> members);
}
